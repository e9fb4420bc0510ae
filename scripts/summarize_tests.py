"""Sums the JUnit XML files of a test run into one line: N passed, N failed, N skipped."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

passed = failed = skipped = 0
for path in sorted(Path(sys.argv[1]).glob("*.xml")):
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
total = passed + failed + skipped
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or total == 0 else 0)

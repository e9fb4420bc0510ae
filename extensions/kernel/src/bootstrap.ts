import type { Kernel } from '@jupyterlab/services';

/** Starts the error text when the kernel's Python has no snds package. */
export const MISSING_HELPER = 'snds-lab is not installed in';

/**
 * The silent code every Python kernel runs on start. In Pyodide it loads the
 * snds wheel from the site's own package lock, then connects DuckDB-WASM; in
 * CPython it imports the installed package and connects native DuckDB.
 */
export function bootstrapCode(engineUrl: string): string {
  return [
    'import sys as _snds_sys',
    "if _snds_sys.platform == 'emscripten':",
    '    import pyodide_js as _snds_pyodide',
    "    await _snds_pyodide.loadPackage('snds', {'messageCallback': lambda *_: None})",
    'try:',
    '    import snds as _snds',
    'except ImportError:',
    `    raise ImportError(${JSON.stringify(MISSING_HELPER + ' ')} + _snds_sys.executable) from None`,
    `await _snds._bootstrap(${JSON.stringify(engineUrl)})`,
    'del _snds_sys, _snds'
  ].join('\n');
}

/** Python kernels only: by name first (no wait), else by the spec's language. */
export async function isPythonKernel(
  kernel: Kernel.IKernelConnection
): Promise<boolean> {
  if (/python|pyodide/i.test(kernel.name)) {
    return true;
  }
  const spec = await kernel.spec;
  return (spec?.language ?? '').toLowerCase() === 'python';
}

/** Why the bootstrap failed: the Python exception's name and message. */
export interface IBootstrapError {
  ename: string;
  evalue: string;
}

/** The kernel's Python executable when the error says snds is missing, else null. */
export function missingHelperPython(error: IBootstrapError): string | null {
  return error.evalue.startsWith(MISSING_HELPER)
    ? error.evalue.slice(MISSING_HELPER.length).trim()
    : null;
}

/** Runs the bootstrap silently; resolves to the error, or null on success. */
export async function runBootstrap(
  kernel: Kernel.IKernelConnection,
  engineUrl: string
): Promise<IBootstrapError | null> {
  const future = kernel.requestExecute(
    {
      code: bootstrapCode(engineUrl),
      silent: true,
      store_history: false,
      allow_stdin: false,
      stop_on_error: false
    },
    true
  );
  const reply = await future.done;
  const content = reply.content as any;
  if (content.status === 'error') {
    return { ename: String(content.ename), evalue: String(content.evalue) };
  }
  return null;
}

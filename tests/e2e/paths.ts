/** File-name helpers shared by the specs. */
export namespace PathExt {
  /** `05-cohorte.ipynb` → `05-cohorte`. */
  export function stem(path: string): string {
    const name = path.split('/').pop() ?? path;
    return name.replace(/\.[^.]*$/, '');
  }
}

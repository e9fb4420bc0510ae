/** An error the user can meet: a message that names the problem and the fix. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly sql?: string
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** DuckDB's own message, without the JS wrapper noise, plus the statement that failed. */
export function queryError(error: unknown, sql: string): EngineError {
  const raw = error instanceof Error ? error.message : String(error);
  return new EngineError(raw.replace(/^Error:\s*/, ''), sql);
}

/** The text to show for a caught error: anything may be thrown, though what these apps throw are Errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

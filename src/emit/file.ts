/** One output file, as data: the core never touches the file system (STYLE, after sqlc). */
export interface GeneratedFile {
  /** Path relative to the output folder, forward slashes. */
  readonly path: string;
  readonly content: string;
}

/** One output file, as data: the core never touches the file system (STYLE, after sqlc). */
export interface GeneratedFile {
  /** Path relative to the output folder, forward slashes. */
  readonly path: string;
  readonly content: string;
  /** The sha256 of `content`, when whoever produced the file already knows it. */
  readonly hash?: string | undefined;
  /**
   * A render memo found the file on disk exactly as it would render it: there is nothing to
   * write, and `content` is read from disk only if asked for.
   */
  readonly onDisk?: boolean | undefined;
}

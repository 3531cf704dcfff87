/** One output file, as data: the core never touches the file system (STYLE, after sqlc). */
export type GeneratedFile = RenderedFile | KeptFile;

/** A file rendered by this run. */
export interface RenderedFile {
  /** Path relative to the output folder, forward slashes. */
  readonly path: string;
  readonly content: string;
  /** The sha256 of `content`, when whoever produced the file already knows it. */
  readonly hash?: string | undefined;
  readonly kept?: undefined;
}

/**
 * A file a render memo found on disk exactly as it would render it: nothing to render and
 * nothing to write. The core knows its hash, never its content (it reads no file).
 */
interface KeptFile {
  readonly path: string;
  readonly hash: string;
  readonly kept: true;
  readonly content?: undefined;
}

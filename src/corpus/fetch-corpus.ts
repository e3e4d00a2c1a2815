// Downloads the Grimm corpus files, verifying each against the SHA-256 manifest, written atomically, with retries.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { makeDirectory } from '../config/make-directory.js';
import { UserError } from '../config/user-error.js';
import { GRIMM_BASE_URL, GRIMM_MANIFEST, type ManifestEntry } from './grimm-manifest.js';

export interface FetchCorpusOptions {
  /** Target directory (created if missing). */
  dir: string;
  /** Files are fetched from `${baseUrl}/NNN.txt`; default the book's source, GRIMM_BASE_URL. */
  baseUrl?: string;
  /** Which files, with their digests; default all 209 of GRIMM_MANIFEST. */
  manifest?: readonly ManifestEntry[];
  /** Tries per file, the first included (default 4). */
  attempts?: number;
  /** Wait before the first retry; doubles on each further retry (default 500 ms). */
  retryDelayMs?: number;
  /** Time limit of one request, body included (default 30 s). */
  timeoutMs?: number;
  /** Give up on a request when the server sends no bytes (no answer, or a body that stops) for this long (default
   *  5 s). A stalled server is not asked again, nor for further files: waiting on it would only take minutes. */
  stallTimeoutMs?: number;
  /** Files downloaded at once (default 4). */
  concurrency?: number;
  /** Progress lines (retries, failures). */
  log?: (line: string) => void;
}

export interface FetchCorpusSummary {
  dir: string;
  /** Downloaded and verified now, in file order. */
  fetched: string[];
  /** Present before and matching the manifest: not downloaded again. */
  alreadyValid: string[];
  /** Could not be fetched; no file was written for them (a previously present, invalid file is left as it was). */
  failed: { name: string; reason: string }[];
}

/** A download problem; `retry` says whether trying again may help (network errors, 5xx, bad bytes) or not (404);
 *  `noAnswer` marks a request the server never answered (no DNS, connection refused, timeout before a response). */
class DownloadError extends Error {
  constructor(message: string, readonly retry: boolean, readonly noAnswer = false) {
    super(message);
  }
}

const PARTIAL_SUFFIX = '.partial';
/** Temporary files older than this are left over from a killed fetch and are removed. */
const STALE_PARTIAL_MS = 10 * 60 * 1000;

/**
 * Makes `dir` hold every manifest file with the right bytes. A file is written only once its size and SHA-256 match:
 * to a temporary `.NNN.txt.<random>.partial` in the same directory, flushed, then renamed over the final name, so a
 * reader never sees a partial or corrupt file. Failed files are reported, not thrown; only an unusable target
 * directory throws (a UserError).
 */
export async function fetchCorpus(options: FetchCorpusOptions): Promise<FetchCorpusSummary> {
  const {
    dir,
    baseUrl = GRIMM_BASE_URL,
    manifest = GRIMM_MANIFEST,
    attempts = 4,
    retryDelayMs = 500,
    timeoutMs = 30_000,
    stallTimeoutMs = 5_000,
    concurrency = 4,
    log = () => {},
  } = options;
  let created: string | undefined;
  try {
    created = makeDirectory(dir);
  } catch (error) {
    throw new UserError(`corpus fetch: cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // Checked before the first download, so a folder that cannot be written fails at once, not after 209 downloads.
  checkWritable(dir);
  removeStalePartials(dir);
  const outcomes: ('fetched' | 'valid' | { reason: string })[] = new Array(manifest.length);
  // Once a file has failed every attempt without the server ever answering (offline, no DNS, refused), the files
  // not yet started are not tried: 209 × 4 attempts against a dead host would only take minutes to say the same.
  let unanswered: string | null = null;
  let next = 0;
  const worker = async () => {
    while (next < manifest.length) {
      const index = next++;
      const entry = manifest[index];
      const path = join(dir, entry.name);
      if (isValidFile(path, entry)) {
        outcomes[index] = 'valid';
        continue;
      }
      if (unanswered !== null) {
        outcomes[index] = { reason: `not tried: the server did not answer for an earlier file (${unanswered})` };
        continue;
      }
      const url = `${baseUrl.replace(/\/+$/, '')}/${entry.name}`;
      const outcome = await downloadWithRetries(url, path, entry, { attempts, retryDelayMs, timeoutMs, stallTimeoutMs, log });
      if (outcome !== 'fetched' && outcome.noAnswer) unanswered ??= outcome.reason;
      outcomes[index] = outcome === 'fetched' ? outcome : { reason: outcome.reason };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, manifest.length)) }, worker));
  // A fetch that got nothing leaves no trace: the folders it created are removed again (if still empty).
  if (created !== undefined && !outcomes.some((o) => o === 'fetched')) removeEmptyFolders(dir, created);
  const summary: FetchCorpusSummary = { dir, fetched: [], alreadyValid: [], failed: [] };
  manifest.forEach(({ name }, i) => {
    const outcome = outcomes[i];
    if (outcome === 'fetched') summary.fetched.push(name);
    else if (outcome === 'valid') summary.alreadyValid.push(name);
    else summary.failed.push({ name, reason: outcome.reason });
  });
  return summary;
}

/** Whether `path` exists with the manifest's size and SHA-256. */
export function isValidFile(path: string, entry: ManifestEntry): boolean {
  try {
    if (statSync(path).size !== entry.bytes) return false;
    return sha256Hex(readFileSync(path)) === entry.sha256;
  } catch {
    return false;
  }
}

async function downloadWithRetries(
  url: string,
  path: string,
  entry: ManifestEntry,
  settings: { attempts: number; retryDelayMs: number; timeoutMs: number; stallTimeoutMs: number; log: (line: string) => void },
): Promise<'fetched' | { reason: string; noAnswer: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const bytes = await download(url, entry, settings.timeoutMs, settings.stallTimeoutMs);
      writeAtomically(path, bytes);
      return 'fetched';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retry = !(error instanceof DownloadError) || error.retry;
      if (!retry || attempt >= settings.attempts) {
        const tries = attempt === 1 ? '' : ` (after ${attempt} attempts)`;
        settings.log(`fetch ${entry.name}: failed${tries}: ${reason}`);
        return { reason: `${reason}${tries}`, noAnswer: error instanceof DownloadError && error.noAnswer };
      }
      const delayMs = settings.retryDelayMs * 2 ** (attempt - 1);
      settings.log(`fetch ${entry.name}: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${settings.attempts})`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The verified bytes of one file; throws a DownloadError on a bad status, a dropped connection or wrong bytes. */
async function download(url: string, entry: ManifestEntry, timeoutMs: number, stallTimeoutMs: number): Promise<Uint8Array> {
  // The stall timer restarts on every chunk; whichever limit fires first aborts the request.
  const stall = new AbortController();
  let stallTimer = setTimeout(() => stall.abort(), stallTimeoutMs);
  const restartStallTimer = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(), stallTimeoutMs);
  };
  const stalled = () => new DownloadError(`${url}: no bytes for ${formatSeconds(stallTimeoutMs)} (the server stalled)`, false, true);
  try {
    return await downloadBody(url, entry, AbortSignal.any([AbortSignal.timeout(timeoutMs), stall.signal]), restartStallTimer, () =>
      stall.signal.aborted ? stalled() : null,
    );
  } finally {
    clearTimeout(stallTimer);
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

async function downloadBody(
  url: string,
  entry: ManifestEntry,
  signal: AbortSignal,
  onBytes: () => void,
  stallError: () => DownloadError | null,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw stallError() ?? new DownloadError(`${url}: ${describeNetworkError(error)}`, true, true);
  }
  onBytes();
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DownloadError(`${url}: HTTP ${response.status} ${response.statusText}`.trimEnd(), transient);
  }
  // Read the body in chunks, refusing more bytes than the manifest allows (a wrong or hostile server).
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes();
      received += value.length;
      if (received > entry.bytes) {
        await reader.cancel().catch(() => {});
        throw new DownloadError(`${url}: more than the expected ${entry.bytes} bytes`, true);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const stalled = stallError();
    if (stalled !== null) throw new DownloadError(`${stalled.message} after ${received} of ${entry.bytes} bytes`, false, true);
    throw new DownloadError(`${url}: connection lost after ${received} of ${entry.bytes} bytes (${describeNetworkError(error)})`, true);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.length !== entry.bytes) {
    throw new DownloadError(`${url}: got ${bytes.length} bytes, expected ${entry.bytes}`, true);
  }
  const digest = sha256Hex(bytes);
  if (digest !== entry.sha256) {
    throw new DownloadError(`${url}: SHA-256 ${digest} does not match the manifest's ${entry.sha256}`, true);
  }
  return bytes;
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  const dir = join(path, '..');
  const name = path.slice(dir.length + 1);
  const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw new DownloadError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, false);
  }
}

/** A UserError unless a file can be created in `dir` (a probe file, removed again: W_OK alone misleads root). */
function checkWritable(dir: string): void {
  const probe = join(dir, `.rnnlab-write-probe-${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === 'EROFS' ? 'it is on a read-only file system' : `cannot write there (${code})`;
    throw new UserError(`corpus fetch: ${dir}: ${why}; nothing was downloaded. Fetch into another folder with --to DIR`);
  }
}

/** Removes `dir` and its parents up to `top` (the first folder mkdir created), each only if empty. */
function removeEmptyFolders(dir: string, top: string): void {
  let current = resolve(dir);
  const stop = resolve(top);
  for (;;) {
    try {
      rmdirSync(current);
    } catch {
      return; // not empty (another fetch wrote there) or already gone
    }
    if (current === stop) return;
    current = dirname(current);
  }
}

function removeStalePartials(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('.') || !name.endsWith(PARTIAL_SUFFIX)) continue;
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_PARTIAL_MS) unlinkSync(path);
    } catch {
      // another fetch removed or renamed it
    }
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Undici's "fetch failed" hides the reason in `cause`; name the reason instead. */
function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code === 'UND_ERR_SOCKET' ? 'connection closed by the server' : `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

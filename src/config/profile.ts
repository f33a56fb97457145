import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { openRegularFile } from '../core/open-regular-file.js';

/**
 * `~/.ncloud/configure`, the INI file NCP's CLI (`ncloud configure`) writes: one section per profile,
 * keys `ncloud_access_key_id`, `ncloud_secret_access_key` and `ncloud_api_url` (docs/api.md,
 * "Credentials"). `ncloud_api_url` names the API Gateway of the account's site (public, gov, fin): when
 * no endpoint is given, the NCLUE endpoint is derived from it (endpoint.ts).
 */
export const DEFAULT_PROFILE = 'DEFAULT';
export const ACCESS_KEY_FIELD = 'ncloud_access_key_id';
export const SECRET_KEY_FIELD = 'ncloud_secret_access_key';
export const API_URL_FIELD = 'ncloud_api_url';

/** Permission bits that let group or others read, write or run the file. */
export const LOOSE_PERMISSION_BITS = 0o077;

export interface ProfileFile {
  /** Profiles by section name (case kept), each a map of lower-cased key → value. */
  profiles: Map<string, Map<string, string>>;
  /** 1-based numbers of lines that are neither blank, a comment, a `[section]` nor `key = value`. */
  malformedLines: number[];
}

/**
 * A value without its inline comment (a `#` or `;` after whitespace) and without matching surrounding
 * quotes, in either order of appearance: `"v" ; note` and `"v"` both give `v`.
 */
function parseValue(raw: string): string {
  const text = raw.trim();
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    // A quoted value ends at its closing quote; only a comment may follow it.
    const end = text.indexOf(quote, 1);
    if (end > 0 && /^\s*(?:[#;].*)?$/.test(text.slice(end + 1))) return text.slice(1, end);
  }
  // A `#` or `;` glued to the value is kept (it could be part of a key); after whitespace it starts a comment.
  const comment = /\s[#;]/.exec(text);
  return (comment ? text.slice(0, comment.index) : text).trim();
}

/**
 * Parses the profile file. Accepts a UTF-8 BOM, CRLF line ends, `#` and `;` comments (whole-line, or
 * inline after whitespace), spaces around `=`, quoted values and upper-case keys. Keys before the first
 * section belong to `DEFAULT`, as NCP's flat readers (Go and Python SDKs) see them. A repeated section
 * is merged; a repeated key keeps its last value.
 */
export function parseProfileFile(text: string): ProfileFile {
  const profiles = new Map<string, Map<string, string>>();
  const malformedLines: number[] = [];
  const section = (name: string): Map<string, string> => {
    let keys = profiles.get(name);
    if (!keys) {
      keys = new Map();
      profiles.set(name, keys);
    }
    return keys;
  };
  let current: Map<string, string> | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(line);
    if (header) {
      const name = (header[1] ?? '').trim();
      if (name === '') malformedLines.push(i + 1);
      else current = section(name);
      return;
    }
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim().toLowerCase() : '';
    if (key === '') {
      malformedLines.push(i + 1);
      return;
    }
    (current ?? section(DEFAULT_PROFILE)).set(key, parseValue(line.slice(eq + 1)));
  });
  return { profiles, malformedLines };
}

/** Where the profile file lives: `$HOME/.ncloud/configure` (`%USERPROFILE%` on Windows), as NCP's SDKs. */
export function profileFilePath(env: NodeJS.ProcessEnv): string {
  const home = env.HOME?.trim() || env.USERPROFILE?.trim() || homedir();
  return join(home, '.ncloud', 'configure');
}

/**
 * A warning when group or others may access the file that holds the secret key, or null. Windows has
 * no such mode bits (Node reports 0o666 for every writable file), so nothing is said there.
 */
export function describeLoosePermissions(
  path: string,
  mode: number,
  platform: NodeJS.Platform,
): string | null {
  if (platform === 'win32' || (mode & LOOSE_PERMISSION_BITS) === 0) return null;
  const octal = (mode & 0o777).toString(8).padStart(3, '0');
  return `${path} holds your secret key but is accessible to group or others (mode ${octal}): run chmod 600 ${path}`;
}

export interface ProfileFileRead {
  text: string;
  /** st_mode of the file that was read. */
  mode: number;
}

/** Reads the profile file; null when it does not exist. Any other failure is a UsageError (exit 2). */
export async function readProfileFile(path: string): Promise<ProfileFileRead | null> {
  let handle;
  try {
    handle = await openRegularFile(path, 'the credentials file');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UsageError(`cannot read ${path} (${code ?? String(error)}): fix its permissions or remove it`);
  }
  try {
    // Mode and text of the same open file, so the warning describes what was read.
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UsageError(`${path} is not a file`);
    return { text: await handle.readFile('utf8'), mode: stat.mode };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path} (${code ?? String(error)})`);
  } finally {
    await handle.close();
  }
}

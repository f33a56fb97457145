import { UsageError } from '../core/errors.js';
import type { Credentials } from '../client/sign.js';
import {
  ACCESS_KEY_FIELD,
  API_URL_FIELD,
  DEFAULT_PROFILE,
  SECRET_KEY_FIELD,
  describeLoosePermissions,
  parseProfileFile,
  profileFilePath,
  readProfileFile,
  type ProfileFileRead,
} from './profile.js';

const ENV_NAMES =
  'NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY (or NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY)';

/**
 * The variables of each key, in the order NCP's SDKs read them (docs/api.md, "Credentials"): the
 * SDKs' own names first, then the short ones the Terraform provider uses.
 */
export const ACCESS_KEY_VARIABLES = ['NCLOUD_ACCESS_KEY_ID', 'NCLOUD_ACCESS_KEY'] as const;
export const SECRET_KEY_VARIABLES = ['NCLOUD_SECRET_ACCESS_KEY', 'NCLOUD_SECRET_KEY'] as const;

/** A key read from the environment, with the variable it came from. */
export interface EnvKey {
  name: string;
  value: string;
}

/** Credentials from the environment, each key from the first of its variables that is set. */
export function readEnvCredentials(env: NodeJS.ProcessEnv): Partial<Credentials> {
  const out: Partial<Credentials> = {};
  const accessKey = pickEnv(env, ACCESS_KEY_VARIABLES);
  const secretKey = pickEnv(env, SECRET_KEY_VARIABLES);
  if (accessKey !== undefined) out.accessKey = accessKey.value;
  if (secretKey !== undefined) out.secretKey = secretKey.value;
  return out;
}

/** The first of `names` set to a non-blank value, trimmed, with the name it came from. */
function pickEnv(env: NodeJS.ProcessEnv, names: readonly string[]): EnvKey | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * A warning when both variables of one key are set and differ (never the values): the first one is
 * used, as NCP's SDKs do, and the other one may be what the user meant.
 */
export function describeConflictingVariables(env: NodeJS.ProcessEnv): string[] {
  const warnings: string[] = [];
  for (const [first, second] of [ACCESS_KEY_VARIABLES, SECRET_KEY_VARIABLES]) {
    const a = env[first]?.trim();
    const b = env[second]?.trim();
    if (a && b && a !== b)
      warnings.push(
        `${first} and ${second} are both set and differ: using ${first}, as NCP's SDKs do (unset the one you do not mean)`,
      );
  }
  return warnings;
}

/**
 * Control characters (C0, DEL, C1) have no place in a key: a CR or LF would split the signed header,
 * and the request would fail as a network fault, retried in vain.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** The access key travels in a header, so it must be visible ASCII (NCP keys are letters and digits). */
const HEADER_SAFE = /^[\u0021-\u007e]+$/;

/**
 * Refuses a key that cannot be sent, naming where it was read (`where`) and never the key itself.
 * Throws UsageError (exit 2), before any request.
 */
export function checkCredentials(
  credentials: Credentials,
  where: { accessKey: string; secretKey: string },
): void {
  if (!HEADER_SAFE.test(credentials.accessKey)) {
    const what = CONTROL_CHARACTER.test(credentials.accessKey)
      ? 'a control character (such as a line break)'
      : 'a space or a non-ASCII character';
    throw new UsageError(
      `the access key in ${where.accessKey} contains ${what}; copy the key again, on one line and without quotes`,
    );
  }
  if (CONTROL_CHARACTER.test(credentials.secretKey)) {
    throw new UsageError(
      `the secret key in ${where.secretKey} contains a control character (such as a line break); copy the key again, on one line`,
    );
  }
}

export interface CredentialsChoice {
  /**
   * The profile named for this tool: --profile, NCLUE_REPORT_PROFILE or `profile` in --config. An
   * explicit choice, so it beats the NCLOUD_* variables; NCLOUD_PROFILE (read from `env`) does not.
   */
  profile: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Reads the profile file (null when missing); the real file system unless a test injects one. */
  readFile?: (path: string) => Promise<ProfileFileRead | null>;
  platform?: NodeJS.Platform;
}

export interface ResolvedCredentials {
  credentials: Credentials;
  /** Where the keys came from, for --verbose and --dry-run. Never contains a key. */
  source: string;
  /** Worth telling the user: a profile file others can read, lines it could not parse, a half-set pair of variables. */
  warnings: string[];
  /**
   * `ncloud_api_url` of the profile the keys came from, with where it was read (never for keys from
   * the environment): the base of the endpoint when none is given (endpoint.ts).
   */
  apiUrl?: { url: string; where: string };
}

/** How the profile was chosen, for messages. */
type ProfileOrigin = 'option' | 'NCLOUD_PROFILE' | 'default';

/**
 * Finds the API keys. Precedence (docs/options.md "Credentials"):
 * 1. a profile named with --profile (or NCLUE_REPORT_PROFILE / `profile` in --config);
 * 2. NCLOUD_ACCESS_KEY_ID (else NCLOUD_ACCESS_KEY) + NCLOUD_SECRET_ACCESS_KEY (else NCLOUD_SECRET_KEY),
 *    both set;
 * 3. the profile named by NCLOUD_PROFILE, else `DEFAULT`, of `~/.ncloud/configure`.
 * The two keys always come from one source: a half-set pair of variables is not mixed with a file.
 */
export async function resolveCredentials(choice: CredentialsChoice): Promise<ResolvedCredentials> {
  const readFile = choice.readFile ?? readProfileFile;
  const platform = choice.platform ?? process.platform;
  const path = profileFilePath(choice.env);

  const requested = choice.profile?.trim();
  if (choice.profile !== undefined && requested === '') {
    throw new UsageError(`--profile is empty: name a section of ${path}, e.g. --profile ${DEFAULT_PROFILE}`);
  }
  const where: ProfilePlace = { path, readFile, platform };
  if (requested) return readProfile(where, requested, 'option');

  const accessEnv = pickEnv(choice.env, ACCESS_KEY_VARIABLES);
  const secretEnv = pickEnv(choice.env, SECRET_KEY_VARIABLES);
  if (accessEnv && secretEnv) {
    const credentials = { accessKey: accessEnv.value, secretKey: secretEnv.value };
    checkCredentials(credentials, { accessKey: accessEnv.name, secretKey: secretEnv.name });
    return {
      credentials,
      source: `environment variables ${accessEnv.name} and ${secretEnv.name}`,
      warnings: describeConflictingVariables(choice.env),
    };
  }
  const halfSet =
    accessEnv !== undefined
      ? `${accessEnv.name} is set but neither ${SECRET_KEY_VARIABLES.join(' nor ')} is`
      : secretEnv !== undefined
        ? `${secretEnv.name} is set but neither ${ACCESS_KEY_VARIABLES.join(' nor ')} is`
        : null;
  const fromEnv = choice.env.NCLOUD_PROFILE?.trim();
  const resolved = await readProfile(
    where,
    fromEnv || DEFAULT_PROFILE,
    fromEnv ? 'NCLOUD_PROFILE' : 'default',
    halfSet,
  );
  if (halfSet !== null) resolved.warnings.push(`${halfSet}: ignoring it and using ${resolved.source}`);
  return resolved;
}

/** The profile file and how to read it. */
interface ProfilePlace {
  path: string;
  readFile: NonNullable<CredentialsChoice['readFile']>;
  platform: NodeJS.Platform;
}

/** The keys of one section of the profile file; a missing file, section or key is a UsageError. */
async function readProfile(
  { path, readFile, platform }: ProfilePlace,
  name: string,
  origin: ProfileOrigin,
  halfSetNote: string | null = null,
): Promise<ResolvedCredentials> {
  const section = `[${name}] of ${path}`;
  /** Nothing usable: name every place that was looked at, never a value. */
  const missing = (why: string): UsageError => {
    if (origin === 'option') return new UsageError(`profile "${name}" (--profile): ${why}`);
    const envPart = halfSetNote === null ? `set ${ENV_NAMES}` : `set ${ENV_NAMES} (${halfSetNote})`;
    return new UsageError(
      `missing credentials: ${envPart}, or put ${ACCESS_KEY_FIELD} and ${SECRET_KEY_FIELD} in section ${section} (${why}); \`ncloud configure\` writes that file`,
    );
  };

  const read = await readFile(path);
  if (read === null) throw missing(`${path} does not exist`);
  const warnings: string[] = [];
  const loose = describeLoosePermissions(path, read.mode, platform);
  if (loose !== null) warnings.push(loose);
  const file = parseProfileFile(read.text);
  if (file.malformedLines.length > 0) {
    warnings.push(
      `${path}: line ${file.malformedLines.join(', ')} not understood (expected [profile], key = value or a # comment)`,
    );
  }
  const keys = file.profiles.get(name);
  if (!keys) {
    const found = [...file.profiles.keys()];
    const list = found.length === 0 ? 'it has no profiles' : `profiles found: ${found.join(', ')}`;
    if (origin === 'default')
      throw missing(`no [${name}] section; ${list}; choose one with --profile or NCLOUD_PROFILE`);
    if (origin === 'option') throw new UsageError(`profile "${name}" (--profile) is not in ${path}; ${list}`);
    throw new UsageError(
      `profile "${name}" (NCLOUD_PROFILE) is not in ${path}; ${list}; or set ${ENV_NAMES}`,
    );
  }
  const accessKey = keys.get(ACCESS_KEY_FIELD)?.trim();
  const secretKey = keys.get(SECRET_KEY_FIELD)?.trim();
  if (!accessKey || !secretKey) {
    const absent = [!accessKey ? ACCESS_KEY_FIELD : null, !secretKey ? SECRET_KEY_FIELD : null].filter(
      (k) => k !== null,
    );
    throw missing(`section [${name}] has no ${absent.join(' and ')}`);
  }
  checkCredentials(
    { accessKey, secretKey },
    { accessKey: `${ACCESS_KEY_FIELD} of ${section}`, secretKey: `${SECRET_KEY_FIELD} of ${section}` },
  );
  const apiUrl = keys.get(API_URL_FIELD)?.trim();
  return {
    credentials: { accessKey, secretKey },
    source: `profile ${section}`,
    warnings,
    ...(apiUrl ? { apiUrl: { url: apiUrl, where: `${API_URL_FIELD} of ${section}` } } : {}),
  };
}

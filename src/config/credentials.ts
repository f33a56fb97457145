import { UsageError } from '../errors.js';
import type { Credentials } from '../client/sign.js';
import {
  ACCESS_KEY_FIELD,
  DEFAULT_PROFILE,
  SECRET_KEY_FIELD,
  describeLoosePermissions,
  parseProfileFile,
  profileFilePath,
  readProfileFile,
  type ProfileFileRead,
} from './profile.js';

const ENV_NAMES =
  'NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY (or NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY)';

/**
 * Credentials from the environment, by NCP convention (nclue-api.md §6): NCLOUD_ACCESS_KEY /
 * NCLOUD_SECRET_KEY, or the SDKs' NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY.
 */
export function readEnvCredentials(env: NodeJS.ProcessEnv): Partial<Credentials> {
  const out: Partial<Credentials> = {};
  const accessKey = pickEnv(env, 'NCLOUD_ACCESS_KEY', 'NCLOUD_ACCESS_KEY_ID');
  const secretKey = pickEnv(env, 'NCLOUD_SECRET_KEY', 'NCLOUD_SECRET_ACCESS_KEY');
  if (accessKey !== undefined) out.accessKey = accessKey.value;
  if (secretKey !== undefined) out.secretKey = secretKey.value;
  return out;
}

/** The first of `names` set to a non-blank value, trimmed, with the name it came from. */
function pickEnv(env: NodeJS.ProcessEnv, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
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
}

/** How the profile was chosen, for messages. */
type ProfileOrigin = 'option' | 'NCLOUD_PROFILE' | 'default';

/**
 * Finds the API keys. Precedence (README "Credentials"):
 * 1. a profile named with --profile (or NCLUE_REPORT_PROFILE / `profile` in --config);
 * 2. NCLOUD_ACCESS_KEY + NCLOUD_SECRET_KEY (or the _KEY_ID / _SECRET_ACCESS_KEY names), both set;
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
  if (requested) return readProfile(requested, 'option');

  const env = readEnvCredentials(choice.env);
  if (env.accessKey && env.secretKey) {
    const credentials = { accessKey: env.accessKey, secretKey: env.secretKey };
    checkCredentials(credentials, {
      accessKey: pickEnv(choice.env, 'NCLOUD_ACCESS_KEY', 'NCLOUD_ACCESS_KEY_ID')?.name ?? 'the environment',
      secretKey:
        pickEnv(choice.env, 'NCLOUD_SECRET_KEY', 'NCLOUD_SECRET_ACCESS_KEY')?.name ?? 'the environment',
    });
    return { credentials, source: 'environment variables', warnings: [] };
  }
  const halfSet =
    env.accessKey !== undefined
      ? 'NCLOUD_ACCESS_KEY is set but NCLOUD_SECRET_KEY is not'
      : env.secretKey !== undefined
        ? 'NCLOUD_SECRET_KEY is set but NCLOUD_ACCESS_KEY is not'
        : null;
  const fromEnv = choice.env.NCLOUD_PROFILE?.trim();
  const resolved = await readProfile(
    fromEnv || DEFAULT_PROFILE,
    fromEnv ? 'NCLOUD_PROFILE' : 'default',
    halfSet,
  );
  if (halfSet !== null) resolved.warnings.push(`${halfSet}: ignoring it and using ${resolved.source}`);
  return resolved;

  async function readProfile(
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
      if (origin === 'option')
        throw new UsageError(`profile "${name}" (--profile) is not in ${path}; ${list}`);
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
    return { credentials: { accessKey, secretKey }, source: `profile ${section}`, warnings };
  }
}

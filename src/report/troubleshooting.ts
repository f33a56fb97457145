import type { TemplateLanguage } from '../core/template-types.js';

/** What a failure code means and what to do, in each language a template can have. */
export interface TroubleshootingHint {
  en: string;
  ko: string;
}

/**
 * NCLUE's `fail_message` codes (guide "NCLUE troubleshooting", docs/api.md "fail_message"),
 * paraphrased. Codes whose details the guide does not give ([U] there) say "likely".
 */
export const TROUBLESHOOTING_HINTS: Readonly<Record<string, TroubleshootingHint>> = {
  COMMON_ERROR: {
    en: 'Unknown error while creating the task: contact NAVER Cloud customer support.',
    ko: '태스크 생성 중 알 수 없는 오류가 발생했습니다. 고객 지원에 문의하세요.',
  },
  DISK_SPACE_SHORTAGE: {
    en: "NCLUE's dedicated storage is full: delete Features, task models or shopping-intent profiles you no longer need, then create the task again.",
    ko: 'NCLUE 전용 저장 공간이 가득 찼습니다. 필요 없는 Feature, 태스크 모델, 쇼핑 의도 프로필을 삭제한 뒤 다시 생성하세요.',
  },
  DUPLICATE_USERID: {
    en: 'The data file has duplicate user IDs: remove the duplicates, then create the task again.',
    ko: '데이터 파일에 중복된 사용자 ID가 있습니다. 중복을 제거한 뒤 다시 생성하세요.',
  },
  LIMIT_ERROR_MID_LENGTH: {
    en: 'A user ID is longer than 100 characters: shorten every ID to 100 characters or fewer, then create the task again.',
    ko: '100자를 넘는 사용자 ID가 있습니다. 모든 ID를 100자 이하로 줄인 뒤 다시 생성하세요.',
  },
  NOT_EXIST_FILE: {
    en: 'The file at the given path is missing or empty: check the bucket, the path and the content, then create the task again.',
    ko: '지정한 경로에 파일이 없거나 비어 있습니다. 버킷, 경로, 내용을 확인한 뒤 다시 생성하세요.',
  },
  NUM_OF_LABEL_INSUFFICIENT: {
    en: 'Too little ground truth to train: the users present in the Feature need at least 100 rows of label 0 and 100 of label 1 (200 matching IDs or more).',
    ko: '학습할 정답 데이터가 부족합니다. Feature에 있는 사용자 중 레이블 0과 1이 각각 100건 이상(일치하는 ID 200건 이상) 필요합니다.',
  },
  OBS_DOWNLOAD_FAILED: {
    en: 'Object Storage download failed because of the path or the file: check both; contact support if it persists.',
    ko: '경로나 파일 문제로 Object Storage에서 내려받지 못했습니다. 경로와 파일을 확인하고, 계속되면 고객 지원에 문의하세요.',
  },
  OBS_UPLOAD_FAILED: {
    en: 'A transient error while uploading to Object Storage: create the task again.',
    ko: 'Object Storage에 올리는 중 일시적인 오류가 발생했습니다. 태스크를 다시 생성하세요.',
  },
  OBS_USER_FILE_ACCESS_ERROR: {
    en: 'Object Storage access error: likely the bucket name or its access permissions; check them.',
    ko: 'Object Storage 접근 오류입니다. 버킷 이름이나 접근 권한 문제일 가능성이 높으니 확인하세요.',
  },
  UNEXPECTED_FILE_TYPE: {
    en: 'File processing error: likely a file type NCLUE cannot read; check the file type.',
    ko: '파일 처리 오류입니다. NCLUE가 읽을 수 없는 파일 형식일 가능성이 높으니 형식을 확인하세요.',
  },
  UNEXPECTED_LABEL: {
    en: 'Ground-truth label error: likely labels other than 0 and 1; check the label column.',
    ko: '정답 레이블 오류입니다. 0과 1이 아닌 레이블이 있을 가능성이 높으니 레이블 열을 확인하세요.',
  },
  UNEXPECTED_TXT_FORMAT: {
    en: "File format error: check the file's delimiter and columns against the NCLUE data format.",
    ko: '파일 형식 오류입니다. 구분자와 열 구성이 NCLUE 데이터 형식에 맞는지 확인하세요.',
  },
};

export const UNKNOWN_CODE_HINT: Readonly<TroubleshootingHint> = {
  en: 'Unknown failure code: see the NCLUE troubleshooting guide, or contact customer support.',
  ko: '알 수 없는 실패 코드입니다. NCLUE 문제 해결 가이드를 보거나 고객 지원에 문의하세요.',
};

/** A code-like word: upper-case letters, digits and underscores. */
const CODE_WORD = /[A-Z][A-Z0-9_]{2,}/g;

/**
 * The code a `fail_message` carries: the whole text when it is a code, else the first known code
 * found in it (a revision of the API might wrap the code in a sentence). Null for an empty message.
 */
export function findFailureCode(failMessage: string | null): string | null {
  const text = failMessage?.trim() ?? '';
  if (text === '') {
    return null;
  }
  const upper = text.toUpperCase();
  if (Object.hasOwn(TROUBLESHOOTING_HINTS, upper)) {
    return upper;
  }
  const known = (text.match(CODE_WORD) ?? []).find((word) => Object.hasOwn(TROUBLESHOOTING_HINTS, word));
  return known ?? text;
}

/**
 * The hint for a failed task, in the template's language; `overrides` (a template's `hints`) win over
 * the bundled table. A code nobody knows gets the generic hint; no message at all gets null.
 */
export function lookupTroubleshootingHint(
  failMessage: string | null,
  language: TemplateLanguage,
  overrides: Readonly<Record<string, string>> = {},
): string | null {
  const code = findFailureCode(failMessage);
  if (code === null) {
    return null;
  }
  if (Object.hasOwn(overrides, code)) {
    return overrides[code] ?? null;
  }
  const hint = Object.hasOwn(TROUBLESHOOTING_HINTS, code) ? TROUBLESHOOTING_HINTS[code] : undefined;
  return (hint ?? UNKNOWN_CODE_HINT)[language];
}

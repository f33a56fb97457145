/**
 * Demo credentials the emulator accepts when NCLOUD_ACCESS_KEY/NCLOUD_SECRET_KEY are not set.
 * They only ever unlock the local emulator; they are not NAVER Cloud credentials.
 */
export const SAMPLE_ACCESS_KEY = 'NCLUE-DEMO-ACCESS-KEY';
export const SAMPLE_SECRET_KEY = 'nclue-demo-secret-key-not-a-real-secret';

import { describe, expect, it } from 'vitest';
import {
  APP_CONTENT_SECURITY_POLICY,
  appUrlToRelativePath,
  exportToOpen,
  isAppUrl,
  permissionAllowed,
} from '../../electron/policy';

describe('isAppUrl', () => {
  it.each([
    ['app://mock-interviewer/index.html', true],
    ['app://mock-interviewer/assets/x.js', true],
    ['app://mock-interviewer.evil.com/index.html', false],
    ['app://evil/index.html', false],
    ['https://mock-interviewer/index.html', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('permissionAllowed', () => {
  const page = 'app://mock-interviewer/index.html';
  it.each([
    ['the microphone for our page', 'media', page, ['audio'], true],
    ['a permission check for our page', 'media', page, undefined, true],
    ['the camera', 'media', page, ['video'], false],
    ['microphone and camera together', 'media', page, ['audio', 'video'], false],
    ['an empty media request', 'media', page, [], false],
    ['the microphone for a remote page', 'media', 'https://example.com/', ['audio'], false],
    ['notifications', 'notifications', page, undefined, false],
    ['geolocation', 'geolocation', page, undefined, false],
    ['screen capture', 'display-capture', page, undefined, false],
  ])('%s -> %s', (_label, permission, url, types, expected) => {
    expect(permissionAllowed(permission, url, types)).toBe(expected);
  });
});

describe('appUrlToRelativePath', () => {
  it.each([
    ['app://mock-interviewer/', 'index.html'],
    ['app://mock-interviewer/index.html', 'index.html'],
    ['app://mock-interviewer/assets/index-1.js?x=1', 'assets/index-1.js'],
    ['app://mock-interviewer/../../etc/passwd', 'etc/passwd'],
    ['app://mock-interviewer/assets/%2e%2e/%2e%2e/secret', 'secret'],
    ['app://mock-interviewer/a%00b', null],
    ['app://mock-interviewer/a%5cb', null],
    ['app://mock-interviewer/%E0%A4%A', null],
    ['app://other/index.html', null],
  ])('%s -> %s', (url, expected) => {
    expect(appUrlToRelativePath(url)).toBe(expected);
  });
});

describe('the content security policy', () => {
  it('allows only our own scripts and no inline or eval', () => {
    expect(APP_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(APP_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});

describe('exportToOpen', () => {
  it.each([
    ['app://mock-interviewer/media/sessions/t1/report.html', 'sessions/t1/report.html'],
    ['app://mock-interviewer/media/sessions/t1/report.pdf', 'sessions/t1/report.pdf'],
    ['app://mock-interviewer/media/sessions/t1/replay.wav', null],
    ['app://mock-interviewer/index.html', null],
    ['app://evil/media/sessions/t1/report.html', null],
    ['https://mock-interviewer/media/sessions/t1/report.html', null],
    ['file:///etc/report.html', null],
  ])('%s opens %s', (url, expected) => {
    expect(exportToOpen(url)).toBe(expected);
  });
});

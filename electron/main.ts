import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, ipcMain, protocol, session, shell } from 'electron';
import type { EventName, EventPayload } from '../core/bridge/contract';
import { CALL_NAMES, channelFor } from '../core/bridge/contract';
import { dispatch } from '../hosts/bridge/dispatcher';
import { userDataDir } from '../services/dataDir';
import { createHandlers } from '../hosts/bridge/handlers';
import { fileAnswer, mediaFile } from '../hosts/media/files';
import { appVersion, projectRoot, rendererDir } from '../services/paths';
import {
  APP_CONTENT_SECURITY_POLICY,
  APP_ENTRY_URL,
  APP_SCHEME,
  appUrlToRelativePath,
  exportToOpen,
  isAppUrl,
  permissionAllowed,
} from './policy';

/**
 * The Electron main process: one secure window, the app protocol serving the built renderer,
 * and the bridge contract over IPC. Everything else lives in services/.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const root = projectRoot(import.meta.url);
const renderer = rendererDir(root);
const dataDir = userDataDir();

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
  },
]);

let mainWindow: BrowserWindow | null = null;

function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
  mainWindow?.webContents.send(channelFor(event), payload);
}

function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const relative = appUrlToRelativePath(request.url);
    if (!relative) return new Response('not found', { status: 404 });
    const file = relative.startsWith('media/')
      ? mediaFile(dataDir, relative.slice('media/'.length))
      : join(renderer, relative);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const whole = await readFile(file);
      const answer = fileAnswer(file, whole.length, request.headers.get('range') ?? undefined, {
        isMedia: relative.startsWith('media/'),
        pagePolicy: APP_CONTENT_SECURITY_POLICY,
      });
      const init = { status: answer.status, headers: answer.headers };
      if (answer.status === 416) return new Response(null, init);
      const body = answer.range ? whole.subarray(answer.range.start, answer.range.end + 1) : whole;
      return new Response(body, init);
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

function lockDownSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(
      permissionAllowed(
        permission,
        details.requestingUrl ?? webContents.getURL(),
        mediaTypes ?? [],
      ),
    );
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin, undefined),
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // An exported report opens in the system's viewer; no new Electron window ever opens.
      const exported = exportToOpen(url);
      const file = exported === null ? null : mediaFile(dataDir, exported);
      if (file) void shell.openPath(file);
      return { action: 'deny' };
    });
  });
}

function serveBridge(): void {
  const handlers = createHandlers({ kind: 'electron', version: appVersion(root), emit, dataDir });
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelFor(name), (event, payload: unknown) => {
      if (!isAppUrl(event.senderFrame?.url) || event.sender !== mainWindow?.webContents) {
        return { ok: false, error: 'refused: the call did not come from the app window' };
      }
      return dispatch(handlers, name, payload, (call, error) => {
        console.error(`${call} failed:`, error);
      });
    });
  }
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Mock Interviewer',
    backgroundColor: '#0f1419',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(APP_ENTRY_URL);
}

app.enableSandbox();
void app.whenReady().then(() => {
  serveAppProtocol();
  lockDownSessions();
  serveBridge();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

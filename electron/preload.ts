import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeApi, Result } from '../core/bridge/contract';
import { CALL_NAMES, EVENT_NAMES, channelFor } from '../core/bridge/contract';

/**
 * Exposes exactly the contract's calls and events as `window.mockInterviewer`. Nothing else of
 * Electron reaches the page: no ipcRenderer, no channel names chosen by the page.
 */
const api: Record<string, unknown> = {};

for (const name of CALL_NAMES) {
  const channel = channelFor(name);
  api[name] = async (input: unknown) => {
    const result = (await ipcRenderer.invoke(channel, input)) as Result<unknown>;
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
}

for (const name of EVENT_NAMES) {
  const channel = channelFor(name);
  api[name] = (listener: (payload: unknown) => void) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  };
}

contextBridge.exposeInMainWorld('mockInterviewer', api as BridgeApi);

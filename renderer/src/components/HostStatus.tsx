import type { HostSlice } from '../store';

/** One line saying which host the app talks to; the round trip that proved it is a tooltip, not header text. */
export function HostStatus({ host }: { host: HostSlice['host'] }) {
  if (host.status === 'error') {
    return (
      <p className="host-status error" role="alert" data-status="error">
        Host unreachable: {host.error}
      </p>
    );
  }
  if (host.status !== 'ready' || !host.info) {
    return (
      <p className="host-status" data-status="loading">
        Connecting…
      </p>
    );
  }
  const where = host.info.kind === 'electron' ? 'Desktop app' : 'Browser host';
  return (
    <p
      className="host-status ok"
      data-status="ready"
      data-round-trip-ms={host.roundTripMs}
      title={`Bridge round trip ${host.roundTripMs} ms`}
    >
      {where} · v{host.info.version}
    </p>
  );
}

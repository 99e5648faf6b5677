import { useQuery } from '@tanstack/react-query';

/** Services that are not UP in the gateway's fleet health, or null when all are (or it cannot be read). */
export async function degradedServices(): Promise<string[] | null> {
  const response = await fetch('/actuator/health/fleet', { headers: { Accept: 'application/json' } });
  const health = (await response.json().catch(() => null)) as
    | { status?: string; components?: { downstream?: { components?: Record<string, { status?: string }> } } }
    | null;
  if (!health || health.status === 'UP') return null;
  const services = health.components?.downstream?.components ?? {};
  const down = Object.entries(services).filter(([, c]) => c.status !== 'UP').map(([name]) => name);
  return down.length ? down : null;
}

/**
 * One status line when part of the fleet is away (a service, or what it needs: its database, the broker), so a
 * failure on the page has a reason the listener can see. Checked every 30 s; nothing is shown when all is well.
 */
export function FleetStatus() {
  const { data } = useQuery({ queryKey: ['fleet-health'], queryFn: degradedServices, refetchInterval: 30_000, retry: false });
  if (!data?.length) return null;
  return (
    <div className="fleet-status" role="status">
      Some of LALALA is not working right now ({data.map((s) => s.replace(/-service$/, '')).join(', ')}); what
      depends on it may fail for a moment. It comes back by itself.
    </div>
  );
}

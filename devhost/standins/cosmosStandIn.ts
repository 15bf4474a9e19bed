import type { Server } from 'node:http';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { listen } from './listen';

/**
 * The Cosmos DB stand-in (`@vercel/cosmosdb-server`, plain HTTP: the SDK signs with the account
 * key, which it allows over HTTP). It keeps everything in memory, so it lives in the stand-ins
 * process rather than the host process: the host can crash and restart while data survives.
 */
export async function startCosmosStandIn(port: number): Promise<{ server: Server; port: number }> {
  // keepAlive: the package otherwise answers every request with `connection: close`, so each SDK
  // request paid a new TCP connection on both sides (the SDK's agent keeps connections alive, as
  // Cosmos DB does); under load that was most of a durable write's round trip.
  const server = createHttpServer({ keepAlive: true });
  // Never time idle connections out: the SDK's agent (Node 20) keeps idle sockets without a timeout
  // and ignores the server's `Keep-Alive: timeout=5` hint, so a request sent as the server closed an
  // idle socket failed with "socket hang up" (a host idle for 5 s, then a write answered 500).
  // With no timeout the server sends no hint and closes idle sockets only when it stops.
  server.keepAliveTimeout = 0;
  return { server, port: await listen(server, port, 'Cosmos DB stand-in') };
}

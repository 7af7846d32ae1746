/**
 * The relay between the terminal window and the pty screenplay owns: screenplay listens on a unix
 * socket, and the window runs terminal-relay.cjs, which connects to it and passes bytes both ways
 * (the window's keys to the shell, what the shell prints to the window).
 */
import net from 'node:net';
import { packagePath } from '../util/package-root';

const RELAY = packagePath('src/capture/terminal-relay.cjs');

const shq = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

export type RelayServer = {
  /** The shell command line the window runs: its tty made raw, then the relay connected to the socket. */
  command: string;
  /** Resolves with the socket once the window's relay has connected. */
  connection: Promise<net.Socket>;
  /** Stops listening. */
  close: () => void;
};

/**
 * Listens on the unix socket `sock` (a path in a folder of screenplay's own) for the window's relay.
 * @throws the listen error (the socket cannot be made)
 */
export const listenForRelay = async (sock: string): Promise<RelayServer> => {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(sock, resolve));
  const connection = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  return {
    command: `stty raw -echo && exec ${shq(process.execPath)} ${shq(RELAY)} ${shq(sock)}`,
    connection,
    close: () => server.close(),
  };
};

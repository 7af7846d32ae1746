// Runs inside the terminal window and shows a pty that screenplay owns: the window's keys go to
// screenplay's socket, and what the shell prints comes back. The window's own tty is made raw
// first (`stty raw -echo`, by the caller), so bytes pass through untouched both ways.
'use strict';
const net = require('node:net');

const socket = net.connect(process.argv[2]);
process.stdin.on('data', (d) => socket.write(d));
socket.on('data', (d) => process.stdout.write(d));
socket.on('close', () => process.exit(0));
socket.on('error', () => process.exit(1));

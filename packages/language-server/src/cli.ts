#!/usr/bin/env node
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// `--stdio`, `--node-ipc` or `--socket=<port>` choose the transport (read by createConnection).
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('Usage: data-isolation-language-server --stdio | --node-ipc | --socket=<port>\n');
  process.exit(2);
}
startServer(createConnection(ProposedFeatures.all));

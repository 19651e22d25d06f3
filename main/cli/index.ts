#!/usr/bin/env node
// CLI entry: replaced by the CLI (issue 2).
process.stdout.write('webhook-tray\n');

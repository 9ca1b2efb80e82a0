// The browser tests drive Debian's Chromium; install it when missing (CI and fresh machines run as root).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const BIN = '/usr/bin/chromium';
if (!existsSync(BIN)) {
  console.log('Chromium is missing; installing Debian package "chromium" for the browser tests...');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', shell: '/bin/bash' });
  } catch {
    console.error(`Could not install Chromium with apt-get. Install it yourself (${BIN}) and run the tests again.`);
    process.exit(1);
  }
}

import { runSuites } from '../run';

export function run(): Promise<void> {
  return runSuites(__dirname);
}

import type { ScanReport } from '../report/types.ts';
import { ScanStore } from './store.ts';

/** Saves a finished scan; a store that cannot be opened costs a warning, never the scan. */
export function saveScan(report: ScanReport, log: (line: string) => void): string | undefined {
  let store: ScanStore | undefined;
  try {
    store = new ScanStore();
    const id = store.save(report);
    log(`apiward: scan saved as ${id} (apiward results ${id})`);
    return id;
  } catch (error) {
    log(`apiward: warning: scan not saved: ${(error as Error).message}`);
    return undefined;
  } finally {
    store?.close();
  }
}

import { parentPort, workerData } from 'node:worker_threads';
import { checkBackup } from './restore.js';

// One check, then the worker ends: integrity_check reads every page of the file.
parentPort!.postMessage({ refused: checkBackup((workerData as { file: string }).file) });

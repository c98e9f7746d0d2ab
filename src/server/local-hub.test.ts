import { LocalHub } from './local-hub.js';
import { hubContract } from './test-support/hub-contract.js';

hubContract('LocalHub', (limits) => Promise.resolve(new LocalHub(limits)));

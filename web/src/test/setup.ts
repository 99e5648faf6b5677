import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// On a busy 2-core machine (the whole suite builds and tests beside these) jsdom renders slowly: a `findBy` waits
// up to 5 s instead of 1 s before it calls an element missing. A broken page still fails, only later.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => cleanup());

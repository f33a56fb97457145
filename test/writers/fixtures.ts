export { EXAMPLE_ROW } from '../support/example-row.js';
export { makeRow } from '../report/fixtures/make-row.js';

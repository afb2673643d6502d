// Run in a child process by tests: moves every row older than the cutoff (argv[3], ms) of the
// database argv[2] to its archive, saying "opened" first and "done" at the end. Tests kill it at
// random points in between.
import path from 'node:path';
import { Archive } from '../../gateway/src/db/archive.js';
import { Database } from '../../gateway/src/db/database.js';

const file = process.argv[2]!;
const db = await Database.open(file);
console.log('opened');
const moved = await new Archive(db, path.join(path.dirname(file), 'archive')).moveOlderThan(Number(process.argv[3]));
db.close();
console.log(`done ${JSON.stringify(moved)}`);

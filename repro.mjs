import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
const db = await PGlite.create();
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
await server.start();
const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
const pool = new pg.Pool({ connectionString: url, max: 6 });
await pool.query('CREATE TABLE t (id int primary key, v text)');
let wrong = 0, errors = 0;
const msgs = new Set();
async function txWorker(k) {
  for (let i = 0; i < 40; i++) {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const r = await c.query('SELECT $1::int * 10 AS b', [i]);
      if (r.rows[0].b !== i * 10) wrong++;
      await c.query('INSERT INTO t (id, v) VALUES ($1, $2)', [k * 1000 + i, 'x']);
      await c.query('COMMIT');
    } catch (e) { errors++; msgs.add(e.message); await c.query('ROLLBACK').catch(() => {}); } finally { c.release(); }
  }
}
async function plainWorker() {
  for (let i = 0; i < 80; i++) {
    try { const r = await pool.query('SELECT $1::text AS a', ['p' + i]); if (r.rows[0].a !== 'p' + i) { wrong++; msgs.add(JSON.stringify(r.rows[0])); } }
    catch (e) { errors++; msgs.add(e.message); }
  }
}
await Promise.all([txWorker(1), txWorker(2), txWorker(3), plainWorker(), plainWorker(), plainWorker()]);
console.log({ wrong, errors, msgs: [...msgs].slice(0, 5) });
await pool.end(); await server.stop(); await db.close();

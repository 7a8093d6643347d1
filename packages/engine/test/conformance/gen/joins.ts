import { add } from './lib.ts';

const orders = [
  '{"id": 1, "cid": 10, "amount": 5.50}',
  '{"id": 2, "cid": 20, "amount": 7.25}',
  '{"id": 3, "cid": 30, "amount": 1.00}',
  '{"id": 4, "cid": null, "amount": 2.00}',
  '{"id": 5, "cid": 10, "amount": 0.75}',
];
const customers = [
  '{"id": 10, "name": "Ann"}',
  '{"id": 20, "name": "Bø"}',
  '{"id": 40, "name": "Unused"}',
];

export function generateJoinCases(): void {
  add('join', 'stream_table_inner', {
    sql: 'SELECT o.id, c.name, o.amount FROM orders o JOIN customers c ON o.cid = c.id',
    inputs: { orders, customers },
    expected: [
      '{"id":1,"name":"Ann","amount":"5.50"}',
      '{"id":2,"name":"Bø","amount":"7.25"}',
      '{"id":5,"name":"Ann","amount":"0.75"}',
    ],
    description: 'orders without a customer (30, NULL) are dropped by INNER JOIN',
  });
  add('join', 'stream_table_left', {
    sql: 'SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.cid = c.id',
    inputs: { orders, customers },
    expected: [
      '{"id":1,"name":"Ann"}',
      '{"id":2,"name":"Bø"}',
      '{"id":3,"name":null}',
      '{"id":4,"name":null}',
      '{"id":5,"name":"Ann"}',
    ],
    description: 'LEFT JOIN keeps orders with a missing or NULL key, right columns NULL',
  });
  add('join', 'stream_table_inner_keyword', {
    sql: 'SELECT o.id AS order_id, c.id AS customer_id FROM orders o INNER JOIN customers c ON c.id = o.cid WHERE o.amount > 1.00',
    inputs: { orders, customers },
    expected: ['{"order_id":1,"customer_id":10}', '{"order_id":2,"customer_id":20}'],
  });
  add('join', 'table_latest_value', {
    sql: 'SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id',
    inputs: {
      orders: ['{"id": 1, "cid": 10}'],
      customers: [
        '{"id": 10, "name": "Old", "__key": "10"}',
        '{"id": 10, "name": "New", "__key": "10"}',
      ],
    },
    expected: ['{"id":1,"name":"New"}'],
    description: 'a keyed table side (message keys) keeps the latest row per key',
  });
  add('join', 'table_keyless_keeps_every_row', {
    sql: 'SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id',
    inputs: {
      orders: ['{"id": 1, "cid": 10}'],
      customers: ['{"id": 10, "name": "Old"}', '{"id": 10, "name": "New"}'],
    },
    expected: ['{"id":1,"name":"Old"}', '{"id":1,"name":"New"}'],
    description:
      'a table side without a key keeps every row, so every matching row joins (DESIGN §2)',
  });
  add('join', 'join_then_aggregate', {
    sql: 'SELECT c.name, SUM(o.amount) AS total, COUNT(*) AS n FROM orders o JOIN customers c ON o.cid = c.id GROUP BY c.name EMIT FINAL',
    inputs: { orders, customers },
    expected: ['{"name":"Ann","total":"6.25","n":2}', '{"name":"Bø","total":"7.25","n":1}'],
    unordered: true,
  });
  add('join', 'join_expression_in_select', {
    sql: "SELECT o.id, UPPER(c.name) || '#' || CAST(o.id AS STRING) AS label, o.amount * 2 AS doubled FROM orders o JOIN customers c ON o.cid = c.id WHERE o.id = 2",
    inputs: { orders, customers },
    expected: ['{"id":2,"label":"BØ#2","doubled":"14.50"}'],
  });
  add('join', 'join_decimal_key', {
    sql: 'SELECT a.id, b.label FROM a JOIN b ON a.price = b.price',
    inputs: {
      a: ['{"id": 1, "price": 1.50}', '{"id": 2, "price": 2.0}'],
      b: ['{"price": 1.5, "label": "x"}', '{"price": 2.00, "label": "y"}'],
    },
    expected: ['{"id":1,"label":"x"}', '{"id":2,"label":"y"}'],
    description: 'join keys compare by value: 1.50 = 1.5',
  });
  add('join', 'join_empty_table', {
    sql: 'SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.cid = c.id',
    inputs: { orders: ['{"id": 1, "cid": 10}'], customers: ['{"id": 99, "name": "Other"}'] },
    expected: ['{"id":1,"name":null}'],
  });

  const clicks = [
    '{"k": "u1", "ts": 60000, "id": "c1"}',
    '{"k": "u2", "ts": 600000, "id": "c2"}',
    '{"k": "u3", "ts": 100000, "id": "c3"}',
  ];
  const views = [
    '{"k": "u1", "ts": 0, "id": "v1"}',
    '{"k": "u1", "ts": 90000, "id": "v2"}',
    '{"k": "u2", "ts": 100000, "id": "v3"}',
    '{"k": "u4", "ts": 100000, "id": "v4"}',
  ];
  const WITH = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";
  const interval = (type: string) =>
    `SELECT a.id AS aid, b.id AS bid FROM clicks a ${type} views b
ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts
${WITH}`;
  // c1@60s matches v1@0 (within 5 min before); v2@90s is after c1. c2@600s: v3@100s is 500s
  // before (> 5 min), no match. c3 (u3) has no view. v4 (u4) has no click.
  add('join', 'interval_inner', {
    sql: interval('JOIN'),
    inputs: { clicks, views },
    expected: ['{"aid":"c1","bid":"v1"}'],
  });
  add('join', 'interval_left', {
    sql: interval('LEFT JOIN'),
    inputs: { clicks, views },
    expected: ['{"aid":"c1","bid":"v1"}', '{"aid":"c2","bid":null}', '{"aid":"c3","bid":null}'],
    unordered: true,
  });
  add('join', 'interval_right', {
    sql: interval('RIGHT JOIN'),
    inputs: { clicks, views },
    expected: [
      '{"aid":"c1","bid":"v1"}',
      '{"aid":null,"bid":"v2"}',
      '{"aid":null,"bid":"v3"}',
      '{"aid":null,"bid":"v4"}',
    ],
    unordered: true,
  });
  add('join', 'interval_full', {
    sql: interval('FULL OUTER JOIN'),
    inputs: { clicks, views },
    expected: [
      '{"aid":"c1","bid":"v1"}',
      '{"aid":"c2","bid":null}',
      '{"aid":"c3","bid":null}',
      '{"aid":null,"bid":"v2"}',
      '{"aid":null,"bid":"v3"}',
      '{"aid":null,"bid":"v4"}',
    ],
    unordered: true,
  });
  add('join', 'interval_bounds_inclusive', {
    sql: interval('JOIN'),
    inputs: {
      clicks: ['{"k": "x", "ts": 300000, "id": "c"}'],
      views: [
        '{"k": "x", "ts": 0, "id": "edge_low"}',
        '{"k": "x", "ts": 300000, "id": "edge_high"}',
        '{"k": "x", "ts": 300001, "id": "after"}',
      ],
    },
    expected: ['{"aid":"c","bid":"edge_low"}', '{"aid":"c","bid":"edge_high"}'],
    unordered: true,
    description: 'BETWEEN bounds are inclusive on both ends',
  });
  add('join', 'interval_integer_bound', {
    sql: `SELECT a.id AS aid, b.id AS bid FROM clicks a JOIN views b ON a.k = b.k AND b.ts BETWEEN a.ts - 300000 AND a.ts ${WITH}`,
    inputs: { clicks, views },
    expected: ['{"aid":"c1","bid":"v1"}'],
  });
  add('join', 'interval_many_matches', {
    sql: interval('JOIN'),
    inputs: {
      clicks: ['{"k": "x", "ts": 200000, "id": "c"}'],
      views: [
        '{"k": "x", "ts": 100000, "id": "v1"}',
        '{"k": "x", "ts": 150000, "id": "v2"}',
        '{"k": "y", "ts": 150000, "id": "v3"}',
      ],
    },
    expected: ['{"aid":"c","bid":"v1"}', '{"aid":"c","bid":"v2"}'],
    unordered: true,
  });

  // Subqueries against tables.
  const vip = ['{"id": 10}', '{"id": 30}'];
  add('subquery', 'in_select', {
    sql: 'SELECT o.id FROM orders o WHERE o.cid IN (SELECT id FROM vip)',
    inputs: { orders, vip },
    expected: ['{"id":1}', '{"id":3}', '{"id":5}'],
  });
  add('subquery', 'not_in_select', {
    sql: 'SELECT o.id FROM orders o WHERE o.cid NOT IN (SELECT id FROM vip)',
    inputs: { orders, vip },
    expected: ['{"id":2}'],
    description: 'NOT IN is unknown (filtered) for a NULL key',
  });
  add('subquery', 'exists', {
    sql: 'SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.cid)',
    inputs: { orders, customers },
    expected: ['{"id":1}', '{"id":2}', '{"id":5}'],
  });
  add('subquery', 'not_exists', {
    sql: 'SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.cid)',
    inputs: { orders, customers },
    expected: ['{"id":3}', '{"id":4}'],
  });
  add('subquery', 'scalar_lookup', {
    sql: 'SELECT o.id, o.amount * (SELECT r.rate FROM rates r WHERE r.cur = o.cur) AS eur FROM orders o',
    inputs: {
      orders: [
        '{"id": 1, "cur": "USD", "amount": 10.00}',
        '{"id": 2, "cur": "GBP", "amount": 2.50}',
        '{"id": 3, "cur": "JPY", "amount": 100.00}',
      ],
      rates: ['{"cur": "USD", "rate": 0.908}', '{"cur": "GBP", "rate": 1.15}'],
    },
    expected: ['{"id":1,"eur":"9.08000"}', '{"id":2,"eur":"2.8750"}', '{"id":3,"eur":null}'],
    description: 'a scalar subquery with no row is NULL',
  });
  add('subquery', 'in_select_with_filter', {
    sql: "SELECT o.id FROM orders o WHERE o.cid IN (SELECT c.id FROM customers c WHERE c.name LIKE 'A%')",
    inputs: { orders, customers },
    expected: ['{"id":1}', '{"id":5}'],
  });
}

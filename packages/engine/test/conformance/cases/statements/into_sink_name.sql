-- the output of a stream with INTO goes to that URI
CREATE STREAM s AS SELECT id FROM input INTO 'file:///tmp/velo-conformance/out.jsonl?format=jsonl'

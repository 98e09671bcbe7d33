/** Minimal documents of each kind, compact, for the document-level rules. */
export const CONFIG = '{"Role":"arn:aws:iam::123456789012:role/replication","Rules":[{"ID":"all","Status":"Enabled","Priority":1,"DeleteMarkerReplication":{"Status":"Disabled"},"Filter":{},"Destination":{"Bucket":"arn:aws:s3:::destination"}}]}';

export const PERMISSION_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::source/*"}]}';

export const BUCKET_POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/replication"},"Action":"s3:ReplicateObject","Resource":"arn:aws:s3:::destination/*"}]}';

/** `CONFIG` with a trailing comma after the rule's last member. */
export const CONFIG_TRAILING_COMMA_OBJECT = CONFIG.replace('"arn:aws:s3:::destination"}}]}', '"arn:aws:s3:::destination"},}]}');
/** `CONFIG` with a trailing comma after the last rule. */
export const CONFIG_TRAILING_COMMA_ARRAY = CONFIG.replace('}}]}', '}},]}');
/** `CONFIG` cut off inside the rule's `Status` value. */
export const CONFIG_TRUNCATED = CONFIG.slice(0, CONFIG.indexOf('"Enabled"') + 4);

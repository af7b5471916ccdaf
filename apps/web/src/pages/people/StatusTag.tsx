import { Tag } from 'antd';

/** A political status as a coloured tag (members red, probationary orange, league blue). */
export function StatusTag({ status }: { status: string }) {
  const color = status === '中共党员' ? 'red' : status === '中共预备党员' ? 'volcano' : status === '共青团员' ? 'blue' : 'default';
  return <Tag color={color}>{status}</Tag>;
}

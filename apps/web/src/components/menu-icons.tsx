import {
  AlertOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  DashboardOutlined,
  FileTextOutlined,
  HeartOutlined,
  IdcardOutlined,
  MobileOutlined,
  NotificationOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SettingOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';

/** The route table's menu icons, in one chunk loaded with the menu (components/LazyIcon.tsx). */
const ICONS = {
  Alert: AlertOutlined,
  Bell: BellOutlined,
  Book: BookOutlined,
  Calendar: CalendarOutlined,
  CarryOut: CarryOutOutlined,
  Dashboard: DashboardOutlined,
  FileText: FileTextOutlined,
  Heart: HeartOutlined,
  Idcard: IdcardOutlined,
  Mobile: MobileOutlined,
  Notification: NotificationOutlined,
  Rise: RiseOutlined,
  SafetyCertificate: SafetyCertificateOutlined,
  Safety: SafetyOutlined,
  Setting: SettingOutlined,
  Trophy: TrophyOutlined,
} satisfies Record<string, ComponentType>;

export type MenuIconName = keyof typeof ICONS;

export default function MenuIcon({ name }: { name: MenuIconName }) {
  const Icon = ICONS[name];
  return <Icon />;
}

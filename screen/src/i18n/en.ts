import type zhCN from './zh-CN.js';

const en: typeof zhCN = {
  app: {
    title: 'Shenzhen City Operations Center',
    subtitle: 'Grid Governance Command Screen',
  },
  login: {
    heading: 'Command Center Sign-in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    badCredentials: 'Wrong username or password',
    unreachable: 'Cannot reach the gateway; try again shortly',
    expired: 'Your session expired; please sign in again',
    demoHint: 'Demo account: leader-4403 / gridcommand-demo',
  },
  conn: {
    live: 'Live',
    connecting: 'Reconnecting',
    stale: 'Data stale',
    lastUpdate: 'last update {time}, {ago} s ago',
    never: 'no data received yet',
  },
  header: {
    scope: 'Scope',
    logout: 'Sign out',
    language: '中文',
  },
  widgets: {
    totals: 'Events',
    statusCounts: 'Case status',
    categoryChart: 'Categories',
    categoryTop: 'Top categories',
    categoryShare: 'Share by class',
    eventFeed: 'Live events',
  },
  totals: {
    total: 'Total events',
    last24h: 'Last 24 h',
    open: 'Open',
    closed: 'Closed',
    closureRate: 'Closure rate',
  },
  feed: {
    empty: 'No events yet',
    urgent: 'Urgent',
    overdue: 'Overdue',
  },
  status: {
    REPORTED: 'Reported',
    VERIFYING: 'Verifying',
    ACCEPTED: 'Accepted',
    INVALID: 'Invalid',
    FILED: 'Filed',
    REJECTED: 'Rejected',
    DISPATCHED: 'Dispatched',
    PROCESSING: 'Processing',
    HANDLED: 'Handled',
    CHECKING: 'Checking',
    CLOSED: 'Closed',
  },
  chart: {
    count: 'Count',
    noData: 'No data',
  },
};

export default en;

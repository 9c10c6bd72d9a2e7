import { runStaffPage } from '../common/staff-page.js';
import { AdminConsole } from './admin-console.js';

runStaffPage({
  roles: ['admin'],
  wrongRole: 'admin.notAdmin',
  open: ({ token, status, expire }) => new AdminConsole(token, status, expire),
});

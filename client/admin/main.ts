import { runStaffPage } from '../common/staff-page.js';
import { AdminConsole } from './admin-console.js';

runStaffPage({
  roles: ['admin'],
  wrongRole: 'admin.notAdmin',
  open: ({ status, expire }) => new AdminConsole(status, expire),
});

import { runStaffPage } from '../common/staff-page.js';
import { Board } from './board.js';

runStaffPage({
  roles: ['supervisor'],
  wrongRole: 'supervisor.notSupervisor',
  open: ({ status, expire }) => new Board(status, expire),
});

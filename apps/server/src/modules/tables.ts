import './people/tables.ts';

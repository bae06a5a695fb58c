/**
 * The keyboard focus outline every control shares. The offset is the control's own (none in tight rows
 * and tables, 2 for buttons), so it is not part of the ring.
 */
export const FOCUS_RING = "focus-visible:outline-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400";

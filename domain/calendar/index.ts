export type { Calendar } from './calendar.js';
export { addBusinessTime, businessTimeBetween, createCalendar, isOpen, nextOpening } from './calendar.js';
export { calendars } from './presets.js';
export { calendarSpecSchema, weekdays, type CalendarSpec, type Weekday } from './spec.js';

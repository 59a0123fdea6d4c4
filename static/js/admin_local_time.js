// The admin's dates and times are Colombia's (the site's TIME_ZONE, America/Bogota). Django's
// calendar compares the browser's offset with the server's and, when they differ, writes a
// note in English under each date ("Note: You are 5 hours ahead of server time."). Staff
// type Colombian dates wherever they are: without the server's offset there is no note.
// Runs before the calendar (which starts on "load"): this file is deferred.
delete document.body.dataset.adminUtcOffset;

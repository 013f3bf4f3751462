"""Side effects of the procedure: database writes, deadline computation, rendering, notifications."""

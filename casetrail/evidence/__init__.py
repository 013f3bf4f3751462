"""Evidence (证据) and the tamper-evident whole-process record: resumable uploads into the
write-once blob store, AV obligations fulfilled, access by confidentiality and approval, and the
daily anchor over every case's audit chain."""

;; Valid, but its start function traps: instantiation fails with that trap.
(module
  (func $start unreachable)
  (start $start))

(module
  (import "env" "needt" (table 1 funcref)))

(module
  (import "env" "needm" (memory 1)))

// A generic test file: the cases of bucket 4 of the run's plan (see ../declare-cases.ts).
import { declareBucket } from '../declare-cases.ts'

await declareBucket(4)

import { z } from 'zod';

/** The city a gateway serves (its dataset's city.json): what screens title themselves with. */
export const CityInfo = z.strictObject({
  code: z.string().regex(/^\d{4}$/),
  name: z.string().min(1),
  nameEn: z.string(),
  /** WGS84 lon/lat of the city's centre */
  center: z.tuple([z.number(), z.number()]),
  /** WGS84 west, south, east, north of its districts */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type CityInfo = z.infer<typeof CityInfo>;

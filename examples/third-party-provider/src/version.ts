/** Version of this package. Kept equal to package.json (checked by a test). */
export const VERSION = '0.0.0';

/** The API's token shapes, as the CLI reads them. */
export interface ApiTokenSummary {
  id: string
  created_at: string
  updated_at: string
  name: string
  description: string
  role_id: string
  role_name: string
  creator_name: string
}

export interface CreatedApiToken extends Omit<ApiTokenSummary, 'creator_name'> {
  token: string
}

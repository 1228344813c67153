import { createContext, type ReactNode, useContext, useEffect, useState } from 'react'
import type { Account as AccountShape, Wire } from '../../contract/index.ts'
import { api, onSessionLost } from '../api/client.ts'

type Account = Wire<AccountShape>

interface Session {
  /** undefined while checking, null when signed out. */
  account: Account | null | undefined
  signedIn: (account: Account) => void
  signOut: () => Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null | undefined>(undefined)

  useEffect(() => {
    api.getAccountInformation().then(setAccount, () => setAccount(null))
    return onSessionLost(() => setAccount(null))
  }, [])

  const session: Session = {
    account,
    signedIn: setAccount,
    signOut: async () => {
      await api.logout().catch(() => undefined)
      setAccount(null)
    },
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}

/** For pages that only render when signed in. */
export function useAccount(): Account {
  const { account } = useSession()
  if (!account) throw new Error('useAccount while signed out')
  return account
}
